"""A browsing helper that runs axe-core on every page it lands on."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
BLOCKING = {"serious", "critical"}


def accessibility_problems(page) -> list[str]:
    violations = _axe.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in violations if v["impact"] in BLOCKING
    ]


class Visitor:
    """Goes to pages and submits forms like a person; every page reached is checked with axe."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url, self.visited = page, base_url, []

    def check(self) -> None:
        self.visited.append(self.page.url)
        problems = accessibility_problems(self.page)
        assert problems == [], f"axe found problems on {self.page.url}:\n" + "\n".join(problems)

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.check()
        return response

    def click(self, locator) -> None:
        """Click something that loads a new page (a link or a submit button)."""
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def log_in(self, username: str, password: str, *, user_label: str, password_label: str, button: str) -> None:
        self.goto("/accounts/login/")
        self.page.get_by_label(user_label).fill(username)
        self.page.get_by_label(password_label).fill(password)
        self.click(self.page.locator("main").get_by_role("button", name=button))


LOCALES = {"ja": "ja-JP", "en": "en-GB"}
PHONE = {"width": 375, "height": 812}


def open_context(browser, language: str, **options):
    """A fresh browser context (its own cookies) whose Accept-Language is `language`."""
    context = browser.new_context(locale=LOCALES[language], **options)
    context.set_default_timeout(5000)
    context.set_default_navigation_timeout(15000)  # the live server's first page (catalogues, SudachiPy) on a busy CI box
    return context


def horizontal_overflow(page) -> list[str]:
    """Elements that stick out past the right edge of the viewport (a page that scrolls sideways on a phone)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        return [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-wrap'))
            .slice(0, 8)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
                 + ' right=' + Math.round(el.getBoundingClientRect().right));
    }""")


def squeezed_text(page) -> list[str]:
    """Links, buttons, headings and cells squeezed into a narrow column, where text breaks after every character
    (Japanese wraps anywhere, so this shows as a tall thin strip rather than as horizontal overflow)."""
    return page.evaluate("""() => [...document.querySelectorAll('a, button, h1, h2, h3, label, legend, th, td, dt, dd')]
        .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.width < 48 && r.height > 120; })
        .slice(0, 8).map(el => el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 20) + '"')""")
