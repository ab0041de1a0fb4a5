import argparse
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve honbu with granian (WSGI), static files through whitenoise."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "8")))
        parser.add_argument("--with-worker", action=argparse.BooleanOptionalAction, default=settings.DEMO,
                            help="Also start a background worker (default: on in demo mode).")

    def handle(self, *args, host, port, workers, threads, with_worker, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        if with_worker:
            # The worker outlives this process's exec into granian; it stops when the terminal session ends.
            subprocess.Popen([sys.executable, "-m", "honbu", "worker"], start_new_session=False)
        argv = [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", host, "--port", str(port),
            "--workers", str(workers), "--blocking-threads", str(threads), "--no-ws", "honbu.wsgi:application",
        ]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honbu.settings")
        os.environ["HONBU_DATA_DIR"] = str(settings.DATA_DIR)
        os.execv(sys.executable, argv)
