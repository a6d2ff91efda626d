-- fixture: a password hash column (not a credential by itself)
INSERT INTO users (name, pw) VALUES ('ci', '$2b$12$UdNSMCZwSG.X1zKMlLedD9VwOQM78Ns7APe9Av8BWsDg5nTQwnFl/');
