"""Parte «Hardware»: CPU, memoria y disco."""
