# FAKE keys for rekey's golden tests of inline allows.
ALLOWED_ANY = "sk_live_FAKE0rekey0allow0any0Pq4Rt"  # rekey:allow
ALLOWED_BY_ID = "sk_live_FAKE0rekey0allow0id0Wz8Nb"  # rekey:allow stripe.secret-key
# rekey:allow stripe.secret-key
ALLOWED_LINE_BEFORE = "sk_live_FAKE0rekey0allow0prev0Jk3Hs"
OTHER_RULE_ONLY = "sk_live_FAKE0rekey0allow0other0Lm5Dv"  # rekey:allow github.personal-access-token
GITLEAKS_MARKER = "sk_live_FAKE0rekey0allow0gitleaks0Xc2"  # gitleaks:allow
DETECT_SECRETS_MARKER = "sk_live_FAKE0rekey0allow0pragma0Ty6"  # pragma: allowlist secret
NOT_ALLOWED = "sk_live_FAKE0rekey0allow0none0Gf7Ue"
