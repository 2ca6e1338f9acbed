from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    from .services import import_job_run

    return import_job_run(job_id).status
