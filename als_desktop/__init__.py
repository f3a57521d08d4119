"""ALS Clinic Desktop: one shared record for a multidisciplinary ALS clinic."""

__version__ = "0.1.0"
APP_NAME = "ALS Clinic Desktop"
