import os
import sys

from app.cli import main

try:
    status = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader stopped early (`… --json | head`): nothing is wrong with the command. Python
    # would print a traceback flushing stdout at exit; point it at /dev/null instead.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    status = 0
sys.exit(status)
