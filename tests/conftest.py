import pytest

from rasd.paths import shared_dir


@pytest.fixture(scope="session")
def shared():
    """The read-only shared folder (corpus, data); CI has it beside the checkout."""
    d = shared_dir()
    if not (d / "corpus").is_dir():
        pytest.skip("../shared is not beside the checkout")
    return d
