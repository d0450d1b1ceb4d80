"""A searchable archive of Thailand's bilateral cyber-cooperation news."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
