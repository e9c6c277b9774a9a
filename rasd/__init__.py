"""rasd (رصد): Arabic news reports to structured, dated, geolocated conflict events."""

__version__ = "0.1.0"
