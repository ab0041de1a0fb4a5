"""Production settings pass Django's deployment checks, read afresh in a clean process."""

import subprocess
import sys


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "SECRET_KEY": "x7Hq2-production-like-secret-key-9fK3mZ8pL1vR6tY0wE4uI5oP2aS7dF3gH",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "honbu.example.go.jp",
        "HONBU_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'honbu.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "honbu", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ALLOWED_HOSTS": "honbu.example.go.jp",
           "HONBU_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "honbu", "check"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
