"""Triage search words, kept out of the session and out of readable URLs.

The words may be a child's name. The URL carries them encrypted with a key that lives only in
this session, and the encryption expires after SEARCH_SECONDS: the session row holds no names,
and an address found later in a log or browser history cannot be read once the search has
expired or the session has ended.
"""

from cryptography.fernet import Fernet, InvalidToken

SESSION_KEY = "triage_search_key"
SEARCH_SECONDS = 30 * 60


def search_token(*, session, search: str) -> str:
    key = session.get(SESSION_KEY)
    if key is None:
        key = Fernet.generate_key().decode()
        session[SESSION_KEY] = key
    return Fernet(key).encrypt(search.encode()).decode()


def search_words(*, session, token: str) -> str:
    """The words behind `token`, or "" if it is not this session's or has expired."""
    key = session.get(SESSION_KEY)
    if not key or not token:
        return ""
    try:
        return Fernet(key).decrypt(token.encode(), ttl=SEARCH_SECONDS).decode()
    except (InvalidToken, ValueError, UnicodeError):
        return ""
