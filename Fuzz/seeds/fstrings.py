async def f():
    x = f"{a!r:>{w}} {f"{b}"}"
    if m is None:
        return
    m.group(1)
print(f"{n:#x} {v!r:>{width}} {row=} {{esc}} \N{EM DASH} {", ".join(xs)}", rf"\d{{2}}{w}")
s = f'''{
    a  # comment in a hole
} {b:{'>' if c else '<'}10} {d != e}'''
del s, t[0], u.v
try:
    pass
except E as err:
    pass
