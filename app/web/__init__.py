"""FastAPI + Jinja2 pages."""
