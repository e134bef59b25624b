"""The local web page (``jixiao serve``).

For department clerks and evaluators: upload a 自评表, see the scores, download the official
workbook and the report."""

from scoring.web._guard import LOOPBACK_HOSTS
from scoring.web._uploads import MAX_UPLOAD_BYTES, UPLOAD_TTL_SECONDS
from scoring.web.app import create_app

__all__ = ["LOOPBACK_HOSTS", "MAX_UPLOAD_BYTES", "UPLOAD_TTL_SECONDS", "create_app"]
