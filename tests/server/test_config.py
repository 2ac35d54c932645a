"""The server's TOML configuration: what it accepts, and what it refuses by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vcler.server import ConfigError, load_config, parse_config
from vcler.server.config import DEFAULT_MAX_BODY_BYTES, DEFAULT_STATUS_TTL_MS


def base(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "base_url": "https://issuer.example.edu/",
        "issuer": [{"name": "a", "key": "k.json"}],
    }
    data.update(extra)
    return data


def test_example_configuration(tmp_path: Path) -> None:
    (tmp_path / "server.toml").write_text(
        'base_url = "https://issuer.example.edu"\n'
        '[[issuer]]\nname = "eddsa-rdfc-2022"\nkey = "ed25519.json"\nsuite = "eddsa-rdfc-2022"\n'
        '[[issuer]]\nname = "with-status"\nkey = "/keys/ed25519.json"\n'
        'status = { purpose = "revocation", db = "status.db" }\n'
        '[verifier]\nallow_network = true\nca_bundle = "ca.pem"\ndocuments = "docs"\n'
        "challenge_ttl = 120\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path / "server.toml")
    first, second = config.issuers
    assert first.key == tmp_path / "ed25519.json"
    assert first.suite == "eddsa-rdfc-2022" and first.status is None
    assert second.key == Path("/keys/ed25519.json")
    assert second.status is not None and second.status.db == tmp_path / "status.db"
    assert second.status.ttl == DEFAULT_STATUS_TTL_MS
    assert config.max_body_bytes == DEFAULT_MAX_BODY_BYTES
    assert config.verifier.allow_network and config.verifier.ca_bundle == tmp_path / "ca.pem"
    assert config.verifier.challenge_ttl == 120
    assert (
        config.status_list_url("with-status") == "https://issuer.example.edu/status/with-status/1"
    )
    assert config.issuer("nobody") is None


def _status_issuer(**status: Any) -> dict[str, Any]:
    return base(issuer=[{"name": "a", "key": "k", "status": {"db": "d", **status}}])


def test_message_lists_and_issuer_binding() -> None:
    config = parse_config(
        base(
            issuer=[
                {
                    "name": "a",
                    "key": "k",
                    "status": {
                        "purpose": "message",
                        "db": "d",
                        "size": 2,
                        "messages": ["unset", "pending", "accepted", "rejected"],
                        "reference": "https://registrar.example/codes",
                    },
                }
            ],
            verifier={"issuer_proofs": "none"},
        ),
        base_dir="/srv",
    )
    status = config.issuers[0].status
    assert status is not None and status.size == 2 and status.messages is not None
    assert status.reference == "https://registrar.example/codes"
    assert config.verifier.policy().issuer_proofs == "none"
    assert parse_config(base(), base_dir="/srv").verifier.policy().issuer_proofs == "any"


@pytest.mark.parametrize(
    "data, message",
    [
        (base(colour="blue"), "unknown key(s) in the configuration: colour"),
        (base(base_url="ftp://x"), "base_url"),
        (base(base_url=None), "base_url"),
        (base(issuer=[{"name": "a"}]), "issuer[0].key"),
        (base(issuer=[{"name": "a b", "key": "k"}]), "issuer[0].name"),
        (base(issuer=[{"name": "a", "key": "k", "kee": 1}]), "unknown key(s) in issuer[0]: kee"),
        (base(issuer=[{"name": "a", "key": "k"}] * 2), "unique: a"),
        (base(issuer={"name": "a"}), "[[issuer]]"),
        (
            base(issuer=[{"name": "a", "key": "k", "status": {"purpose": "refresh", "db": "d"}}]),
            "issuer[0].status.purpose",
        ),
        (
            base(issuer=[{"name": "a", "key": "k", "status": {"purpose": "revocation"}}]),
            "status lists need a [store] or status.db",
        ),
        (
            base(
                issuer=[
                    {
                        "name": "a",
                        "key": "k",
                        "status": {"purpose": "revocation", "db": "d", "length": 8},
                    }
                ]
            ),
            "length",
        ),
        (base(verifier={"allow_network": "yes"}), "verifier.allow_network"),
        (base(verifier={"ca_bundle": "ca.pem"}), "need allow_network"),
        (base(verifier={"proxy": "x"}), "unknown key(s) in verifier: proxy"),
        (base(max_body_bytes=0), "max_body_bytes"),
        (base(verifier={"challenge_ttl": 0}), "verifier.challenge_ttl"),
        (base(verifier={"issuer_proofs": "some"}), "verifier.issuer_proofs"),
        (_status_issuer(purpose="message", size=2), "needs messages"),
        (_status_issuer(purpose="message", size=2, messages=["a", "b"]), "4 strings"),
        (_status_issuer(purpose="revocation", messages=["a", "b"]), "for a message list"),
        (_status_issuer(purpose="message", size=0), "status.size"),
    ],
)
def test_invalid_configurations_are_refused(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(data, base_dir="/srv")
    assert message in str(raised.value)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")
    (tmp_path / "bad.toml").write_text("base_url = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a TOML file"):
        load_config(tmp_path / "bad.toml")
