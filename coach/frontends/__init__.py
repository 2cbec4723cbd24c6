"""Front ends: the command line (``cli``, ``cli_practice``) and the page (``page``).

They sit on top of the pipeline and call ``coach.service`` only. Nothing here
reads, retrieves or composes; they validate nothing the service validates.
"""
