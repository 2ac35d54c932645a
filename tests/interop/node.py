"""Running the interop scripts: one ``node`` process per batch, JSON in and JSON out."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def run_node(script: str, request: Any, *, variable: str, folder: str, timeout: int = 600) -> Any:
    """The JSON ``script`` (a file beside this one) writes for ``request``, with the
    ``node_modules`` ``folder`` named by the environment ``variable``."""
    done = subprocess.run(
        ["node", str(HERE / script)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
        env={**os.environ, variable: folder},
    )
    return json.loads(done.stdout)


def bundled_documents() -> dict[str, Any]:
    """vcler's bundled JSON-LD contexts by URL, for a JavaScript document loader."""
    from vcler.jsonld import bundled_contexts
    from vcler.jsonld.loader import default_loader

    loader = default_loader()
    return {url: loader[url] for url in bundled_contexts()}
