"""mlgate: a license compliance gate for ML supply chains."""

__version__ = "0.1.0"
# The project's home, the one address SARIF, the README, action.yml and the package metadata give.
INFORMATION_URI = "https://github.com/mlgate-dev/mlgate"
