"""Servidores web: modelos de concurrencia medidos de verdad y una flota sin estado.

Módulos, uno por idea:

- :mod:`~dadsbook.systems.web_servers.apps`: la aplicación ASGI y la WSGI, con un
  manejador de E/S (espera) y uno de CPU (Python puro).
- :mod:`~dadsbook.systems.web_servers.launch`: arrancar uvicorn y gunicorn como
  subprocesos en 127.0.0.1, esperar a que respondan y pararlos siempre.
- :mod:`~dadsbook.systems.web_servers.load`: generador de carga acotado (asyncio y
  aiohttp) con percentiles de latencia.
- :mod:`~dadsbook.systems.web_servers.openloop`: carga en lazo abierto (llegadas de
  Poisson sembradas, latencia desde el instante previsto) y en lazo cerrado con el
  mismo calendario.
- :mod:`~dadsbook.systems.web_servers.queueing`: M/M/1 y M/M/c (Erlang C).
- :mod:`~dadsbook.systems.web_servers.coordinated`: la omisión coordinada y la
  rodilla, medidas contra gunicorn.
- :mod:`~dadsbook.systems.web_servers.bench`: el barrido servidor × trabajadores ×
  manejador, repetido en ventanas intercaladas, y sus figuras.
- :mod:`~dadsbook.systems.web_servers.verdicts`: las comparaciones que cita la página,
  decididas por :func:`dadsbook.verdict.compare`.
- :mod:`~dadsbook.systems.web_servers.stateless`: simulación (SimPy) de una flota
  con autoescalado y sesiones en memoria o en un almacén compartido.

El paquete no importa sus módulos al cargarse (algunos traen aiohttp, SimPy o NumPy):
cada página y cada simulador importan solo el que usan.
"""
