#!/usr/bin/env python
"""Django's command-line utility."""

import os
import sys


def main(argv=None):
    argv = argv or sys.argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from audit.context import acting, command_actor

    # What a command changes is attributed to it in the audit trail ("manage.py seed_demo").
    with acting(command_actor(argv)):
        execute_from_command_line(argv)


if __name__ == "__main__":
    main()
