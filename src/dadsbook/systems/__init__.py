"""Parte «Sistemas»: servidores web, contenedores y nube."""
