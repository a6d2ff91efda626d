# The keys in this file are FAKE, made for rekey's golden tests (issue #21.3).
TEST_KEY = "sk_live_FAKE0rekey0golden0Aa1Bb2Cc"  # rekey:allow stripe.secret-key
PROD_KEY = "sk_live_FAKE0rekey0golden0Dd3Ee4Ff"
# rekey:allow
FIXTURE_KEY = "sk_live_FAKE0rekey0golden0Gg5Hh6Ii"
