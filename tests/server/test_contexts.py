"""``[jsonld] contexts``: the operator's own JSON-LD contexts, to issue and to verify."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import vcler
from vcler.server import ApiError, ConfigError, VcApiService, load_config, parse_config

MINE = "https://ctx.example/v1"


def write_folder(root: Path) -> Path:
    root.mkdir()
    (root / "contexts.json").write_text(json.dumps({MINE: "mine.jsonld"}))
    context = {"@context": {"favoriteColor": "https://ctx.example/vocab#favoriteColor"}}
    (root / "mine.jsonld").write_text(json.dumps(context))
    return root


def configuration(tmp_path: Path, key: Any, jsonld: str = "") -> Path:
    (tmp_path / "k.json").write_text(json.dumps(key.to_json()))
    path = tmp_path / "server.toml"
    path.write_text(
        f'base_url = "https://x.example"\n[[issuer]]\nname = "a"\nkey = "k.json"\n{jsonld}'
    )
    return path


def test_the_jsonld_table(tmp_path: Path) -> None:
    key = vcler.generate_key()
    config = load_config(configuration(tmp_path, key, '[jsonld]\ncontexts = "ctx"\n'))
    assert config.jsonld.contexts == tmp_path / "ctx"
    assert load_config(configuration(tmp_path, key)).jsonld.contexts is None
    data = {"base_url": "https://x.example", "issuer": []}
    for jsonld, message in (
        ({"context": "ctx"}, "unknown key(s) in jsonld: context"),
        ({"contexts": ""}, "jsonld.contexts must be a non-empty string"),
        ("ctx", "[jsonld] must be a table"),
    ):
        with pytest.raises(ConfigError) as info:
            parse_config({**data, "jsonld": jsonld}, base_dir=tmp_path)
        assert message in str(info.value)


def test_issuing_and_verifying_use_the_contexts(tmp_path: Path) -> None:
    key = vcler.generate_key()
    write_folder(tmp_path / "ctx")
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2", MINE],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:learner", "favoriteColor": "blue"},
    }
    plain = VcApiService(load_config(configuration(tmp_path, key)))
    with pytest.raises(ApiError) as info:
        plain.issue("a", {"credential": credential})
    assert info.value.code == "LOADING_DOCUMENT_FAILED"
    plain.close()
    service = VcApiService(
        load_config(configuration(tmp_path, key, '[jsonld]\ncontexts = "ctx"\n'))
    )
    signed = service.issue("a", {"credential": credential})["verifiableCredential"]
    assert service.verify_credential({"verifiableCredential": signed})["verified"] is True
    presentation = vcler.present([signed], signer=key, loader=service.verifier().loader)
    answer = service.verify_presentation({"verifiablePresentation": presentation})
    assert answer["verified"] is True
    service.close()


def test_an_unusable_folder_stops_the_server(tmp_path: Path) -> None:
    key = vcler.generate_key()
    (write_folder(tmp_path / "ctx") / "stray.jsonld").write_text("{}")
    config = load_config(configuration(tmp_path, key, '[jsonld]\ncontexts = "ctx"\n'))
    with pytest.raises(ConfigError, match=r"jsonld\.contexts: .*stray\.jsonld"):
        VcApiService(config)
