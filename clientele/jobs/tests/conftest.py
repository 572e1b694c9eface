import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path / "jobs"
    return settings.JOB_FILES_DIR
