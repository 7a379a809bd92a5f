"""Grafana annotations from Airflow callbacks and dbt runs, tagged for Driftline (standard library only).

Airflow: copy this file next to your DAGs and set the connection in the environment:
    GRAFANA_URL, GRAFANA_TOKEN (service-account token with annotations:create), optional DASHBOARD_UID.

    from airflow_annotate import annotation_callback
    DAG(..., on_success_callback=annotation_callback("data", tags=["pipeline", "dataset:orders"]))

dbt: dbt's on-run-end hooks run SQL in the warehouse and cannot call HTTP, so post from the step that runs dbt:
    dbt build && python airflow_annotate.py data "dbt build of orders models" dbt,pipeline
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

KINDS = ("deploy", "model", "data", "config", "incident", "mitigation", "business")


def post_annotation(kind, text, tags=(), time_ms=None, time_end_ms=None, timeout=10, retries=3):
    """POSTs one annotation; the kind is the first tag. Returns the id. Raises on a permanent error."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not text or len(text) > 10_000:
        raise ValueError("text must be between 1 and 10,000 characters")
    all_tags = []
    for tag in (kind, *tags):
        tag = str(tag).strip()
        if tag and tag not in all_tags:
            if len(tag) > 50:
                raise ValueError(f"tag {tag[:20]!r}… is longer than 50 characters")
            all_tags.append(tag)
    body = {"time": time_ms or int(time.time() * 1000), "tags": all_tags, "text": text}
    if time_end_ms:
        body["timeEnd"] = time_end_ms
    if os.environ.get("DASHBOARD_UID"):
        body["dashboardUID"] = os.environ["DASHBOARD_UID"]
    request = urllib.request.Request(
        os.environ["GRAFANA_URL"].rstrip("/") + "/api/annotations",
        data=json.dumps(body).encode("utf-8"),
        method="POST",
        headers={"Authorization": f"Bearer {os.environ['GRAFANA_TOKEN']}", "Content-Type": "application/json"},
    )
    for attempt in range(1, retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.load(response).get("id")
        except urllib.error.HTTPError as error:
            if error.code not in (429, 500, 502, 503, 504) or attempt == retries:
                raise
        except (urllib.error.URLError, TimeoutError):
            if attempt == retries:
                raise
        time.sleep(attempt * 2)
    return None


def annotation_callback(kind, tags=()):
    """An Airflow callback that annotates the DAG run; a failure to annotate is logged, never raised."""

    def callback(context):
        dag_run = context.get("dag_run")
        dag_id = getattr(dag_run, "dag_id", None) or context.get("dag").dag_id
        run_id = getattr(dag_run, "run_id", "")
        text = f"Airflow {dag_id} {run_id} succeeded"
        try:
            post_annotation(kind, text, tags=(*tags, "airflow", f"dag:{dag_id}"[:50]))
        except Exception as error:  # The pipeline's result matters more than its annotation.
            print(f"Driftline annotation not posted: {error}", file=sys.stderr)

    return callback


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: airflow_annotate.py KIND TEXT [TAG,TAG…]")
    extra = sys.argv[3].split(",") if len(sys.argv) > 3 else []
    print(post_annotation(sys.argv[1], sys.argv[2], tags=extra))
