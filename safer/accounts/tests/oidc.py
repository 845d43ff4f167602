"""A real OpenID Connect provider for the tests (panva's `oidc-provider`, oidc_provider.mjs), run
by Node as a subprocess on a free port, and the settings that point the site at it."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
ROOT = Path(__file__).resolve().parents[3]
CLIENT_ID = "safer-test"
CLIENT_SECRET = "safer-test-secret-0123456789abcdef"
ROLE_MAP = {
    "SNT-Malvern-Sergeant": {"role": "sergeant", "neighbourhoods": ["malvern-link"]},
    "SNT-Malvern-PCSO": {"role": "pcso", "neighbourhoods": ["malvern-link"]},
}


@dataclass(frozen=True)
class Provider:
    issuer: str

    def settings(self) -> dict[str, Any]:
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/auth",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/me",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "OIDC_OP_LOGOUT_ENDPOINT": f"{self.issuer}/session/end",
            "OIDC_RP_SCOPES": "openid email profile groups",
            "OIDC_ROLE_MAP": json.dumps(ROLE_MAP),
        }


@contextmanager
def running_provider(redirect_uri: str, post_logout_uri: str) -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        # `make test` installs both (npm ci); a test that cannot reach its provider fails, never skips.
        pytest.fail("Node and the oidc-provider package are needed: run `make install`")
    process = subprocess.Popen(
        [node, str(SCRIPT), "--redirect-uri", redirect_uri, "--post-logout-uri", post_logout_uri],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the test OpenID Connect provider did not start")
        yield Provider(issuer=json.loads(line)["issuer"])
    finally:
        process.terminate()
        process.wait(timeout=10)


def apply(settings: Any, provider: Provider) -> None:
    """Point the site at `provider` (pytest-django's `settings` fixture), CSP included."""
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    policy = settings.CONTENT_SECURITY_POLICY
    directives = {name: list(values) for name, values in policy["DIRECTIVES"].items()}
    directives["form-action"].append(provider.issuer)
    settings.CONTENT_SECURITY_POLICY = {**policy, "DIRECTIVES": directives}
