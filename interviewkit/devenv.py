"""Prints the .env file `make run` writes for a development checkout: a random SECRET_KEY,
so the shell commands work without DEBUG. Production sets SECRET_KEY in its environment."""

import secrets

if __name__ == "__main__":
    print("# Written by `make run` for this checkout only. Production sets SECRET_KEY itself.")
    print(f"SECRET_KEY={secrets.token_urlsafe(50)}")
