# FAKE key for rekey golden tests, accepted by a foreign marker the config enables.
KEY = "sk_live_FAKE0rekey0config0gitleaks0Rw4"  # gitleaks:allow
