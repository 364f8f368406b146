"""`--strict` is a pure function of the components, applied by the pipeline."""

from __future__ import annotations

from mlgate.model import UnresolvedReason
from mlgate.policy.strict import strict_failure
from policy.factories import component, unresolved


def test_only_licenses_that_could_not_be_verified_fail_a_strict_run() -> None:
    known = component("acme/known")
    missing = component("acme/missing", unresolved(UnresolvedReason.NOT_FOUND))
    assert strict_failure([known, missing]) is None  # not found is an answer, not a failure to verify
    offline = [component(f"acme/m{i}", unresolved(UnresolvedReason.OFFLINE)) for i in range(6)]
    network = component("acme/net", unresolved(UnresolvedReason.NETWORK))
    message = strict_failure([known, network, *offline])
    assert message == ("--strict: 7 license(s) could not be verified: acme/net, acme/m0, acme/m1, acme/m2, "
                       "acme/m3 …")
