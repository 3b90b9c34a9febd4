"""The local run and its stand-ins (never deployed): embedded DynamoDB, the WeChat API subset we use, the demo seed."""
