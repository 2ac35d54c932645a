"""The server refuses at start an issuer key its own controller could not issue with (the
check `vcler.issue` makes on every credential), instead of refusing every request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vcler.keys import KeyPair
from vcler.server import ConfigError, VcApiService, parse_config


def test_a_key_outside_its_controllers_document_is_a_config_error(tmp_path: Path) -> None:
    key = KeyPair.generate(
        "Ed25519", controller="https://college.example/issuer", id="https://keys.example/1"
    )
    (tmp_path / "k.json").write_text(json.dumps(key.to_json()))
    data = {"base_url": "https://x.example", "issuer": [{"name": "a", "key": "k.json"}]}
    with pytest.raises(ConfigError, match="does not control the signing key"):
        VcApiService(parse_config(data, base_dir=tmp_path))
    fragment = KeyPair.generate("Ed25519", controller="https://college.example/issuer")
    (tmp_path / "k.json").write_text(json.dumps(fragment.to_json()))
    VcApiService(parse_config(data, base_dir=tmp_path)).close()
