import os

# Reads its Stripe key from the environment at startup (reads_via: env).
STRIPE_KEY = os.environ["STRIPE_SECRET_KEY"]
