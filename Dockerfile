# One image for every Compersion process: web (gunicorn), worker and beat (Celery), migrate.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=compersion.settings \
    COMPERSION_VAR_DIR=/app/var

# The app runs as an unprivileged user; only var/ (beat's schedule) is writable.
RUN groupadd --system --gid 10001 compersion \
    && useradd --system --uid 10001 --gid compersion --home-dir /app --shell /usr/sbin/nologin compersion

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. The lock file pins every version.
COPY requirements/base.txt requirements/base.txt
RUN pip install --requirement requirements/base.txt

# Code stays owned by root: the app user can read it but not rewrite it.
COPY . .

# Static files are collected (hashed and compressed for WhiteNoise) while building. Settings
# insist on a secret key and encryption keys whenever DEBUG is off, so the build gets
# throwaway ones that never reach a running container (collectstatic encrypts nothing).
RUN DJANGO_SECRET_KEY=build-only-not-a-secret ENCRYPTION_KEYS=YnVpbGQtb25seS1uZXZlci1lbmNyeXB0cy1kYXRhISE= python manage.py collectstatic --noinput \
    && mkdir -p /app/var \
    && chown -R compersion:compersion /app/var

USER compersion

EXPOSE 8000

CMD ["gunicorn", "--config", "gunicorn.conf.py", "compersion.wsgi:application"]
