"""Parte «Software»: programación y sistemas operativos."""
