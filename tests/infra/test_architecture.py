"""Every function runs on Graviton (arm64), named once (infra/lambda_platform.py): every Lambda function of every
stage's synthesized stacks has that architecture and Python 3.13, the runtime the package's bytecode is compiled for,
and the package fetches its wheels for that machine and Python (decisions 0085, 0088)."""
from __future__ import annotations

import pytest

from infra import lambda_platform, package
from infra.stages import STAGES
from tests.infra.test_templates import resources

pytestmark = pytest.mark.xdist_group("synth")
STAGE_NAMES = [stage.name for stage in STAGES]


def test_the_functions_run_on_graviton_with_the_python_that_compiles_the_bytecode():
    assert lambda_platform.ARCHITECTURE == "arm64"
    assert lambda_platform.FUNCTIONS.pip_platform == "manylinux2014_aarch64"
    assert lambda_platform.PYTHON_VERSION == "3.13"  # decision 0088: the package's .pyc are cpython-313


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_every_function_of_the_stage_has_the_one_architecture(synth, stage):
    templates = [synth.templates[stage], synth.data_templates[stage]]
    functions = {key: f for template in templates for key, f in resources(template, "AWS::Lambda::Function").items()}
    assert len(functions) > 10  # the API, the board's $connect, the checks, the workers, the egress
    for key, function in functions.items():
        assert function["Properties"].get("Architectures") == [lambda_platform.ARCHITECTURE] == ["arm64"], key
        assert function["Properties"]["Runtime"] == f"python{lambda_platform.PYTHON_VERSION}" == "python3.13", key


def test_the_package_fetches_the_wheels_of_the_functions_architecture():
    """One source: the architecture names the pip platform the package installs for."""
    flags = dict(zip(package.PLATFORM[:-1:2], package.PLATFORM[1::2], strict=True))
    assert flags["--platform"] == lambda_platform.MACHINES[lambda_platform.ARCHITECTURE].pip_platform
    assert flags["--python-version"] == lambda_platform.PYTHON_VERSION
    assert flags["--implementation"] == "cp"
