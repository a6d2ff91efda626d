package x // FAKE key: sk_live_FAKE0rekey0golden0Yy9Zz0Aa
