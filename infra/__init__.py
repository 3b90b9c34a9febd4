"""The deployment: `make package` (infra/package.py) and the CDK app (infra/app.py)."""
import os

# the jsii runtime warns on every start that Node 20 is past its end of life; synth works on it
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
