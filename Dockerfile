# The archive in one container: migrate, ingest the seeds, serve on port 8000.
FROM python:3.11-slim
WORKDIR /srv/archive
COPY . .
RUN pip install --no-cache-dir -e . && rm -rf data
ENV ARCHIVE_DATA_DIR=/srv/archive/data
EXPOSE 8000
CMD ["sh", "-c", "python -m app ingest seeds && python -m app serve --host 0.0.0.0 --port 8000"]
