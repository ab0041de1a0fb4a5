"""English dates that readers in any country parse the same way: 29 November 2026, 15:04 (Japan time)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
