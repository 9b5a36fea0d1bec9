"""Importers for the three kinds of office files: จปฐ. households, จปฐ. area aggregates and
กชช.2ค village levels. Each turns a raw table into validated layer tables and a report;
nothing is written until analysis.store commits the prepared import.
"""
