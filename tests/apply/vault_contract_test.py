#!/usr/bin/env python3
"""The KV v2 stand-in (vault_standin.py) against the real Vault client,
Debian's python3-hvac: every call rekey makes (read, read a version, write
with check-and-set, metadata with custom_metadata) plus the error mapping
(404 -> InvalidPath, 400 -> InvalidRequest, 403 -> Forbidden), so the
stand-in cannot drift from Vault's API."""
import unittest

import hvac
from hvac import exceptions

from standins import TOKEN, Server

PATH = "prod/stripe/api-key"


class VaultContract(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = Server("vault_standin.py", "--token", TOKEN)
        cls.client = hvac.Client(url=cls.server.url, token=TOKEN)
        cls.kv = cls.client.secrets.kv.v2

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.server.call("POST", "/_test/reset", {})

    def test_versions_and_check_and_set(self):
        created = self.kv.create_or_update_secret(path=PATH, secret={"key": "v1", "key_id": "k1"}, cas=0)
        self.assertEqual(created["data"]["version"], 1)
        with self.assertRaises(exceptions.InvalidRequest) as raised:
            self.kv.create_or_update_secret(path=PATH, secret={"key": "x"}, cas=0)
        self.assertIn("check-and-set parameter did not match the current version", str(raised.exception))
        self.assertEqual(self.kv.create_or_update_secret(path=PATH, secret={"key": "v2", "key_id": "k2"},
                                                         cas=1)["data"]["version"], 2)
        latest = self.kv.read_secret_version(path=PATH)
        self.assertEqual(latest["data"]["data"], {"key": "v2", "key_id": "k2"})
        self.assertEqual(latest["data"]["metadata"]["version"], 2)
        self.assertEqual(self.kv.read_secret_version(path=PATH, version=1)["data"]["data"]["key_id"], "k1")
        self.assertEqual(self.kv.create_or_update_secret(path=PATH, secret={"key": "v3"})["data"]["version"], 3)

    def test_metadata_and_custom_metadata(self):
        self.kv.create_or_update_secret(path=PATH, secret={"key": "v1"})
        self.kv.create_or_update_secret(path=PATH, secret={"key": "v2"})
        # hvac 0.11 has no custom_metadata parameter: its adapter posts the body Vault documents.
        self.client.adapter.post("/v1/secret/metadata/" + PATH,
                                 json={"custom_metadata": {"key_id": "k2", "previous_key_id": "k1"}})
        self.kv.update_metadata(path=PATH, max_versions=5)
        meta = self.kv.read_secret_metadata(path=PATH)["data"]
        self.assertEqual(meta["current_version"], 2)
        self.assertEqual(meta["oldest_version"], 1)
        self.assertEqual(meta["max_versions"], 5)
        self.assertEqual(meta["custom_metadata"], {"key_id": "k2", "previous_key_id": "k1"})
        self.assertEqual(sorted(meta["versions"]), ["1", "2"])

    def test_patch_delete_and_destroy(self):
        self.kv.create_or_update_secret(path=PATH, secret={"key": "v1", "key_id": "k1"})
        self.kv.patch(path=PATH, secret={"key_id": "k1b"})
        self.assertEqual(self.kv.read_secret_version(path=PATH)["data"]["data"], {"key": "v1", "key_id": "k1b"})
        self.kv.delete_secret_versions(path=PATH, versions=[2])
        with self.assertRaises(exceptions.InvalidPath):
            self.kv.read_secret_version(path=PATH)
        self.kv.undelete_secret_versions(path=PATH, versions=[2])
        self.assertEqual(self.kv.read_secret_version(path=PATH)["data"]["metadata"]["version"], 2)
        self.kv.destroy_secret_versions(path=PATH, versions=[1])
        with self.assertRaises(exceptions.InvalidPath):
            self.kv.read_secret_version(path=PATH, version=1)
        self.assertEqual(self.kv.list_secrets(path="prod/stripe")["data"]["keys"], ["api-key"])
        self.kv.delete_metadata_and_all_versions(path=PATH)
        with self.assertRaises(exceptions.InvalidPath):
            self.kv.read_secret_metadata(path=PATH)

    def test_errors(self):
        with self.assertRaises(exceptions.InvalidPath):
            self.kv.read_secret_version(path="no/such/secret")
        with self.assertRaises(exceptions.Forbidden):
            hvac.Client(url=self.server.url, token="wrong").secrets.kv.v2.read_secret_version(path=PATH)
        self.server.call("POST", "/_test/outage", {"count": 1})
        with self.assertRaises(exceptions.VaultDown):
            self.kv.read_secret_version(path=PATH)


if __name__ == "__main__":
    unittest.main()
