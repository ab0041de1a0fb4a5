"""honbu — the platform for Japan's AI Promotion Act."""
