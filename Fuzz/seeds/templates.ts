const t = `a${`b${c}`}`; if (x) /re/.test(y)
let v = a < b > (c)
