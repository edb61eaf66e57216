"""``archiver serve``: the archive in a browser (needs the ``web`` extra: Starlette, uvicorn, Jinja2)."""
