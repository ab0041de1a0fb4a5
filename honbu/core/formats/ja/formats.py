"""Japanese dates as officials write them: 2026年11月29日, with a space before the 24-hour time."""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 G:i"
TIME_FORMAT = "G:i"
