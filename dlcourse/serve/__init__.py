"""Chapter 10 (seed 003's 模型上线): the course's trained models behind an HTTP service.

:mod:`~dlcourse.serve.models` loads the weights in data/models/ once, :mod:`~dlcourse.serve.app`
answers requests with FastAPI in the seed's envelope ``{status, data, msg}``, and
:mod:`~dlcourse.serve.background` runs the service on 127.0.0.1 beside a notebook.
"""
