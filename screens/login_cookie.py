"""Shown for a moment after a login, while the browser stores the re-login cookie."""

from components.auth import await_login_cookie

await_login_cookie()
