# Quotation attribution service: gunicorn serving service.app:create_app().
#   docker build -t quote-attribution-service .
#   docker run -p 8000:8000 quote-attribution-service
# PORT (default 8000) and WEB_CONCURRENCY (default 2) are read by gunicorn.conf.py;
# the OpenAPI document served at /openapi.yaml is copied next to it.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml ./
COPY service ./service
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000 \
    QUOTES_OPENAPI_PATH=/app/openapi.yaml
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app
# Only the wheels built above (the service and its dependencies), no index;
# mounted for this step so they take no room in the image.
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels /wheels/quote_attribution_service-*.whl
WORKDIR /app
COPY gunicorn.conf.py openapi.yaml ./
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=4)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "service.app:create_app()"]
