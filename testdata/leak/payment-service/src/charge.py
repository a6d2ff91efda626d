import os

# The right way: the key comes from the vault agent's rendered file.
STRIPE_KEY_FILE = os.environ.get("STRIPE_KEY_FILE", "/vault/secrets/stripe")
