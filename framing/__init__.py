"""framing: measure how Persian-language news outlets frame the news."""

__version__ = "0.1.0"
