const App = () => (
  <div className="app" onClick={() => save(user)}>
    Don't {items.map(i => <Item key={i.id} {...i} />)}
    <></>
  </div>
);
let a = b / c / d, r = /x\/y/.test(s)
let t = `a${`b${c}`}`
x
++y
const z = w
(foo)
