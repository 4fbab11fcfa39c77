async def f():
    x = f"{a!r:>{w}} {f"{b}"}"
    if m is None:
        return
    m.group(1)
