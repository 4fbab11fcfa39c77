import os, a.b.c as d
from ..pkg.mod import (x as y, z)
from . import sibling
@app.route("/x", methods=["GET"])
async def handler(request, *args, timeout: int = 5, **kw) -> Response:
    """Doc."""
    data = await request.json()
    if data is None:
        return None
    elif len(data) > 3:
        raise ValueError("x") from None
    else:
        pass
    for i, item in enumerate(data):
        asyncio.create_task(save(item))
    try:
        m = re.match(r"(\d+)", s).group(1)
    except (KeyError, ValueError) as e:
        log(f"{e!r:>{width}}")
    finally:
        close()
    return [x * 2 for x in data if x]
class Foo(Base, metaclass=Meta):
    x: int = 3
    def bar(self):
        yield self.x
__all__ = ["handler", 'Foo']
