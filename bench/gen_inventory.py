#!/usr/bin/env python3
"""Generates a large rotation model for `rekey check` benchmarks: N keys with
services and schedules (mixed cron expressions, time zones, consumers), in one
YAML file. Deterministic for a given seed.

Usage: gen_inventory.py N OUT.yaml [SEED]
       gen_inventory.py N OUTDIR/ [SEED]   (one file per 500 keys, as teams split them)
"""
import os
import random
import sys

EXPRESSIONS = ["0 2 1 * *", "0 2 1,15 * *", "0 3 * * 0", "0 2 1 */3 *", "30 1 * * *", "0 4 * * 1-5",
               "15 2 1 * *", "0 */12 * * *", "@weekly", "@monthly", "45 3 10 * *", "0 5 1,11,21 * *"]
ZONES = [None, None, None, "UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]
PROVIDERS = ["Stripe", "SendGrid", "Twilio", "GitHub", "Datadog", "OpenAI", "Slack", "Internal API Gateway"]
READS = ["vault-agent", "sdk-cache", "csi", "external-secrets", "env"]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    services = [f"svc-{i:04d}" for i in range(max(10, n // 5))]
    lines = ["api_keys:"]
    for i in range(n):
        used = rng.sample(services, rng.randint(1, 3))
        lines += [f"  - name: key-{i:05d}",
                  f"    provider: {rng.choice(PROVIDERS)}",
                  f"    environment: {rng.choice(['production', 'staging', 'development'])}",
                  f"    used_by: [{', '.join(used)}]",
                  f"    vault_path: secret/app/key-{i:05d}",
                  f"    rotation_frequency: {rng.choice(['7d', '30d', '31d', '90d', '1d'])}",
                  f"    supports_dual_key: {rng.choice(['true', 'true', 'true', 'false'])}",
                  "    provider_api: https://api.example.test/v1/keys",
                  f"    criticality: {rng.choice(['critical', 'high', 'medium', 'low'])}",
                  f"    last_rotated: 2026-11-{rng.randint(1, 24):02d}T02:00:00Z"]
    lines.append("services:")
    for s in services:
        lines += [f"  - name: {s}", f"    reads_via: {rng.choice(READS)}", f"    refresh: {rng.choice(['2m', '5m', '15m', '1h'])}"]
        if rng.random() < 0.5:
            lines.append("    restart: automatic")
    lines.append("rotation_schedules:")
    for i in range(n):
        lines += [f"  - secret: key-{i:05d}", f"    schedule: \"{rng.choice(EXPRESSIONS)}\"",
                  f"    grace_period: {rng.choice(['30m', '1h', '2h', '4h'])}",
                  "    alert_on_failure: true", "    rollback_on_failure: true",
                  "    verify: {method: metrics, timeout: 10m}"]
        zone = rng.choice(ZONES)
        if zone:
            lines.append(f"    timezone: {zone}")
    if not out.endswith("/"):
        with open(out, "w") as f:
            f.write("\n".join(lines) + "\n")
        return
    os.makedirs(out, exist_ok=True)
    # Split at record boundaries: each section's items go into files of 500.
    sections, current = {}, None
    for line in lines:
        if not line.startswith(" "):
            current = line[:-1]
            sections[current] = []
        elif line.startswith("  - "):
            sections[current].append([line])
        else:
            sections[current][-1].append(line)
    for name, items in sections.items():
        for part in range(0, len(items), 500):
            with open(os.path.join(out, f"{name}-{part // 500:03d}.yaml"), "w") as f:
                f.write(name + ":\n" + "\n".join("\n".join(i) for i in items[part:part + 500]) + "\n")


if __name__ == "__main__":
    main()
